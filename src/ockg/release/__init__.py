"""Stage 3, the release: dist/, written by one writer only (assemble.py).

Takes work/ as `ockg build` and `ockg reason` left it.
Gives dist/: the release files, the inferred graph merged into the datasets, VoID with sizes.
"""
