// Setup for component and unit tests (happy-dom).
