"""Search: Chinese/English analysis, the Whoosh backend (or Elasticsearch, by SEARCH_URL),
index upkeep and querying."""
