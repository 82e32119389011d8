"""The visitor's languages: which ones, their catalogues of interface words, their numbers."""
