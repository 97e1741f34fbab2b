"""The printable teacher pack: A4 pages, handouts and worksheets, the lesson plan, and the runs behind their numbers."""
