// newssift web page script (placeholder)
