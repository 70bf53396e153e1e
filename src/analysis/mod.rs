//! Chinese analysis for the index: word and character tokenisers.
