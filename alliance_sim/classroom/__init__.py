"""The classroom's words and documents: plain words for results and changes, questions and
verdicts, the report, the review and narration of a played game. The printable teacher pack is
in `pack/`, live class sessions in `live/`."""
