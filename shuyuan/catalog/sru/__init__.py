"""SRU (Search/Retrieve via URL) for copy cataloguing: a client that searches other libraries'
servers and reads their MARCXML, and a small server that the tests run until the OPAC answers SRU."""
