"""The coach's configuration: settings, line-aware YAML, message catalogues, shipped defaults."""
