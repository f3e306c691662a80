;;; policylint-lsp-mode.el --- policylint for lsp-mode  -*- lexical-binding: t; -*-

;; Load it from your init file after lsp-mode:
;;   (with-eval-after-load 'lsp-mode (load "/path/to/policylint/editors/emacs/policylint-lsp-mode.el"))
;; then `M-x lsp' in a plain-text or Markdown draft (or add `lsp-deferred' to `text-mode-hook').

;;; Commentary:

;; lsp-mode already maps `text-mode' to language id "plaintext" and `markdown-mode' to "markdown".
;; policylint runs as an add-on server, next to marksman or any other server of the buffer.
;; Settings are the keys of .policylint.json, sent as section "policylint".

;;; Code:

(require 'lsp-mode)

(defgroup policylint nil
  "policylint, a linter for Chinese policy drafts."
  :group 'lsp-mode)

(defcustom policylint-command '("policylint" "serve" "--stdio")
  "The command line of the policylint language server."
  :type '(repeat string))

(defcustom policylint-corpus nil
  "Corpus directory; nil uses .policylint.json, else the built-in pack."
  :type '(choice (const nil) directory))

(defcustom policylint-manifest nil
  "Corpus manifest file; nil uses the corpus's policylint-manifest.json."
  :type '(choice (const nil) file))

(defcustom policylint-date nil
  "The drafts' date, YYYY-MM-DD, overriding the dateline under the title."
  :type '(choice (const nil) string))

(lsp-register-custom-settings
 '(("policylint.corpus" policylint-corpus)
   ("policylint.manifest" policylint-manifest)
   ("policylint.date" policylint-date)))

(lsp-register-client
 (make-lsp-client
  :new-connection (lsp-stdio-connection (lambda () policylint-command))
  :activation-fn (lsp-activate-on "plaintext" "markdown")
  :server-id 'policylint
  :add-on? t
  :initialized-fn (lambda (workspace)
                    (with-lsp-workspace workspace
                      (lsp--set-configuration (lsp-configuration-section "policylint"))))))

(provide 'policylint-lsp-mode)
;;; policylint-lsp-mode.el ends here
