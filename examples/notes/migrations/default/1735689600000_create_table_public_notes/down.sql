DROP TABLE public.notes;
