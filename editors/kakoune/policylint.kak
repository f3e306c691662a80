# policylint for Kakoune, through kakoune-lsp 17 or later.
# Source this file from your kakrc (or paste it there) after kakoune-lsp is loaded:
#   eval %sh{kak-lsp}
#   lsp-enable
#   source /path/to/policylint/editors/kakoune/policylint.kak

# Kakoune gives .txt files no filetype: give drafts one so the hook below can match it.
hook global BufCreate .*[.]txt %{
    set-option buffer filetype plaintext
}

hook -group policylint global BufSetOption filetype=(plaintext|markdown) %{
    # -add keeps servers already configured for the buffer (marksman for Markdown).
    set-option -add buffer lsp_servers %{
        [policylint]
        root_globs = [".policylint.json", ".git"]
        command = "policylint"
        args = ["serve", "--stdio"]
        settings_section = "policylint"
        [policylint.settings.policylint]
        # The keys of .policylint.json, e.g.:
        # corpus = "/path/to/corpus"
        # date = "2024-03-01"
    }
    set-option buffer lsp_language_id %val{hook_param_capture_1}
}
