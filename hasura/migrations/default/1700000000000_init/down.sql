DROP TABLE public.users;
