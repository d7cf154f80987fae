"""The question bank: import, export, uploads, and the instructor studio."""
