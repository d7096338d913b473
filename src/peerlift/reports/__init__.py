"""Reports: data packs, reviews and the LA's picture as HTML, PDF, XLSX and CSV, with charts."""
