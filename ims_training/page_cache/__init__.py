"""The page cache: versions every write bumps (`versions`) and the cache of rendered pages (`pages`)."""
