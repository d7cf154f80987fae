"""Quizzes: attempts, what unlocks a quiz, accommodations, progress, reports, regrading."""
