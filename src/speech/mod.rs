//! The Speech model and its parser.
