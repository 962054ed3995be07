"""Story packets: one file that carries a story, its photos and its base between
libraries, and the three-way merge that takes one back in (no Qt)."""
