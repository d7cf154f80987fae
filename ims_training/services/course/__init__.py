"""The course: import, the trainee's modules and lessons, progress, search, glossary."""
