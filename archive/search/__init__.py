"""Search: Chinese/English analysis, the Whoosh backend, index upkeep and querying."""
