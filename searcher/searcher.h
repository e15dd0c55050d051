/* searcher.h - placeholder until the searcher modules land. */
