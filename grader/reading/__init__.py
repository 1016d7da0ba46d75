"""Reading a submission: its folder, archive, files, notebook and answers.md."""
