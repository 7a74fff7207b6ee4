"""The voice of the customer: what customers say, by theme and department, how they feel, and who
calls them back. The catalogue (catalogue.py), the words (text.py), what each verbatim says and the
call-backs derived by the writes (derive.py, callbacks.py), and what the pages read (views.py)."""
