"""The case board, its model, the case detail and the case dialogs."""
