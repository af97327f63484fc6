"""Use cases by area over the one event-sourced application. Imports only `domain`."""
