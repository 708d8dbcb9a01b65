/**
 * Errors named after their wire codes. `OAuthError` carries an RFC 6749 `error`; `CognitoError` carries the AWS
 * exception name and Cognito's exact message (specs/cognito.md §10). Each is rendered in one place: JSON by the
 * token-style endpoints, the error text above the form by the hosted-UI pages.
 */

export class OAuthError extends Error {
  readonly error: string
  readonly status: number
  readonly description?: string
  constructor(error: string, description?: string, status = 400) {
    super(description ?? error)
    this.name = this.constructor.name
    this.error = error
    this.status = status
    this.description = description
  }
  toJSON() {
    return this.description ? { error: this.error, error_description: this.description } : { error: this.error }
  }
}

const oauthError =
  (error: string, status = 400) =>
  (description?: string) =>
    new OAuthError(error, description, status)

export const InvalidRequest = oauthError('invalid_request')
export const InvalidClient = oauthError('invalid_client', 401)
export const InvalidGrant = oauthError('invalid_grant')
export const UnauthorizedClient = oauthError('unauthorized_client')
export const UnsupportedGrantType = oauthError('unsupported_grant_type')
export const UnsupportedTokenType = oauthError('unsupported_token_type')

export class CognitoError extends Error {
  readonly type: string
  constructor(type: string, message: string) {
    super(message)
    this.name = this.constructor.name
    this.type = type
  }
  /** The AWS JSON API's error body (`/_local/users` answers in it). */
  toJSON() {
    return { __type: this.type, message: this.message }
  }
}

export const IncorrectCredentials = () => new CognitoError('NotAuthorizedException', 'Incorrect username or password.')
export const PasswordAttemptsExceeded = () => new CognitoError('NotAuthorizedException', 'Password attempts exceeded')
export const UserNotConfirmed = () => new CognitoError('UserNotConfirmedException', 'User is not confirmed.')
export const UsernameExists = () => new CognitoError('UsernameExistsException', 'User already exists')
export const AlreadyConfirmed = () =>
  new CognitoError('NotAuthorizedException', 'User cannot be confirmed. Current status is CONFIRMED')
export const CodeMismatch = () =>
  new CognitoError('CodeMismatchException', 'Invalid verification code provided, please try again.')
export const CodeAttemptsExceeded = () =>
  new CognitoError('LimitExceededException', 'Attempt limit exceeded, please try after some time.')
export const ExpiredCode = () =>
  new CognitoError('ExpiredCodeException', 'Invalid code provided, please request a code again.')
/** What Cognito says about a trigger answer it cannot use (specs/cognito.md §9.1). */
export const InvalidLambdaResponse = () =>
  new CognitoError('InvalidLambdaResponseException', 'Invalid lambda function output : Invalid JSON')
export const InvalidCsrf = () =>
  new CognitoError('InvalidCsrfToken', 'Your session has expired. Please reload the page and try again.')
export const InvalidParameter = (message: string) => new CognitoError('InvalidParameterException', message)
export const InvalidPassword = (message: string) => new CognitoError('InvalidPasswordException', message)
