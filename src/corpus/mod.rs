//! Walk a folder of transcripts and decode each file into text.
