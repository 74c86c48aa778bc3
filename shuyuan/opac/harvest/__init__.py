"""Records for other libraries: SRU (copy cataloguing) and OAI-PMH (harvesting) over the catalogue."""
