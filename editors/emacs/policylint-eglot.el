;;; policylint-eglot.el --- policylint for Eglot  -*- lexical-binding: t; -*-

;; Load it from your init file:  (load "/path/to/policylint/editors/emacs/policylint-eglot.el")
;; or copy the forms below.  Works with Eglot 1.9 (Debian's elpa-eglot, Emacs 28) and the Eglot of Emacs 29+.

;;; Commentary:

;; Plain-text drafts (`text-mode') are sent as language id "plaintext", Markdown as "markdown".
;; Settings are the keys of .policylint.json; set them per project in .dir-locals.el:
;;
;;   ((nil . ((eglot-workspace-configuration
;;             . (:policylint (:corpus "/path/to/corpus" :date "2024-03-01"))))))
;;
;; Without settings the server reads .policylint.json above the file, else uses its built-in pack.

;;; Code:

(require 'eglot)

(defvar policylint-eglot-command '("policylint" "serve" "--stdio")
  "The command line of the policylint language server.")

;; Markdown first, so policylint (not marksman) serves Markdown drafts; plain `text-mode' is appended
;; so that modes derived from it that have their own server (LaTeX, reStructuredText...) keep it.
(add-to-list 'eglot-server-programs
             `((markdown-mode :language-id "markdown") . ,policylint-eglot-command))
(add-to-list 'eglot-server-programs
             `((text-mode :language-id "plaintext") . ,policylint-eglot-command)
             t)

(defun policylint-eglot-ensure ()
  "Start policylint in a buffer visiting a plain-text or Markdown draft."
  (when (and buffer-file-name
             (or (eq major-mode 'text-mode) (derived-mode-p 'markdown-mode)))
    (eglot-ensure)))

;; `text-mode-hook' also runs for Markdown buffers (`markdown-mode' derives from `text-mode').
(add-hook 'text-mode-hook #'policylint-eglot-ensure)

(provide 'policylint-eglot)
;;; policylint-eglot.el ends here
