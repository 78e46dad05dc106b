"""What several test modules share: paths and credentials, the hostile texts, data factories,
markup checks and the signed-HTTP client. Test modules import from here, never from each
other."""
