// CloudFront Function (cloudfront-js-2.0), viewer request. A path whose last segment has no file extension is a route
// of the single-page app (/cognito-callback, /proof, /inspect, /, or an unknown one the app answers "Not found"):
// serve index.html for it. Everything else — /assets/*, /config.json — goes to S3 unchanged, so a missing file
// stays a 403/404 instead of becoming an HTML page with status 200.
// biome-ignore lint/correctness/noUnusedVariables: CloudFront calls the function named handler
function handler(event) {
  var request = event.request
  var last = request.uri.split('/').pop()
  if (last.indexOf('.') === -1) request.uri = '/index.html'
  return request
}
