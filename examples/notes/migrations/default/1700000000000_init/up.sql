CREATE TABLE public.users (
  id text PRIMARY KEY,
  username text
);
