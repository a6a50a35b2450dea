"""Reading other apps' exports: workout logs (Strong, Hevy) and smart-scale body weights.

Pure: every parser takes the file's text and returns typed records with their line numbers
and stable import keys; matching app exercise names to catalog ids lives here too. Nothing
here touches the database, the clock or a file other than the packaged alias table.
"""
