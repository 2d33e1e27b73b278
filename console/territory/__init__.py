"""The territory: districts, streets, communities and grids; GIS import."""
