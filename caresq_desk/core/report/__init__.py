"""An assessment as a report: plain text and the HTML a PDF is rendered from."""
