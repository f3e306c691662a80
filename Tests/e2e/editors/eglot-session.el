;;; eglot-session.el --- drive Eglot against policylint in emacs --batch  -*- lexical-binding: t; -*-

;; Loads the shipped editors/emacs/policylint-eglot.el, opens a draft as a user would (find-file), and
;; prints JSON lines on stdout for the Swift test to check:
;;   {"event":"diagnostics","items":[{"line":L,"start":C,"endLine":L,"end":C,"type":"...","text":"..."}...]}
;;   {"event":"hover","text":"..."}
;;   {"event":"fixed","text":"<buffer after the quick fix>"}
;; Columns count characters (Unicode scalars), lines are 0-based.
;;
;; Environment: POLICYLINT_EGLOT_CONFIG (the .el to load), POLICYLINT_DRAFT (the file to open),
;; POLICYLINT_FIX_TITLE (the code action to apply), POLICYLINT_TIMEOUT (seconds, default 60).
;; In --batch, Eglot's idle timers and `post-command-hook' never run on their own: this script runs the
;; hook and starts Flymake itself.

;;; Code:

(require 'json)
(require 'cl-lib)

(defun policylint-session-emit (object)
  (princ (concat (json-encode object) "\n")))

(defun policylint-session-fail (format-string &rest args)
  (policylint-session-emit `((event . "error") (text . ,(apply #'format format-string args))))
  (kill-emacs 1))

(defvar policylint-session-timeout (string-to-number (or (getenv "POLICYLINT_TIMEOUT") "60")))

(defun policylint-session-wait (predicate what)
  "Process events until PREDICATE returns non-nil, or fail saying WHAT timed out."
  (let ((deadline (+ (float-time) policylint-session-timeout))
        result)
    (while (and (not (setq result (funcall predicate))) (< (float-time) deadline))
      (accept-process-output nil 0.1))
    (or result (policylint-session-fail "timed out waiting for %s" what))))

(load (getenv "POLICYLINT_EGLOT_CONFIG") nil t)
(setq eglot-sync-connect t)

(find-file (getenv "POLICYLINT_DRAFT"))
(unless (eq major-mode 'text-mode) (policylint-session-fail "draft opened in %s" major-mode))
;; The shipped hook called `eglot-ensure', which connects from `post-command-hook' after the command that
;; opened the file: run that hook as the command loop would.
(run-hooks 'post-command-hook)
(policylint-session-wait (lambda () (and (eglot-current-server) eglot--managed-mode)) "eglot to manage the buffer")
;; Eglot 1.9 reports diagnostics to Flymake only once Flymake asked its backend: start it until they come.
(let ((diagnostics
       (policylint-session-wait
        (lambda ()
          (flymake-start nil t)
          (accept-process-output nil 0.05)
          (flymake-diagnostics))
        "diagnostics")))
  (policylint-session-emit
   `((event . "diagnostics")
     (languageId . ,(eglot--language-id (eglot-current-server)))
     (items . ,(vconcat
                (mapcar (lambda (d)
                          (let ((beg (flymake-diagnostic-beg d)) (end (flymake-diagnostic-end d)))
                            (save-excursion
                              `((line . ,(1- (line-number-at-pos beg)))
                                (start . ,(progn (goto-char beg) (- beg (line-beginning-position))))
                                (endLine . ,(1- (line-number-at-pos end)))
                                (end . ,(progn (goto-char end) (- end (line-beginning-position))))
                                (type . ,(symbol-name (flymake-diagnostic-type d)))
                                (text . ,(flymake-diagnostic-text d))))))
                        (sort diagnostics (lambda (a b) (< (flymake-diagnostic-beg a) (flymake-diagnostic-beg b)))))))))
  (let* ((first (car (sort diagnostics (lambda (a b) (< (flymake-diagnostic-beg a) (flymake-diagnostic-beg b))))))
         (beg (flymake-diagnostic-beg first))
         (end (flymake-diagnostic-end first)))
    (goto-char beg)
    ;; Hover as ElDoc asks for it: the position Eglot computes (UTF-16) for point.
    (let* ((hover (jsonrpc-request (eglot-current-server) :textDocument/hover (eglot--TextDocumentPositionParams)))
           (contents (plist-get hover :contents)))
      (policylint-session-emit
       `((event . "hover")
         (text . ,(cond ((stringp contents) contents)
                        ((plist-get contents :value))
                        (t (format "%S" contents)))))))
    (let ((title (getenv "POLICYLINT_FIX_TITLE")))
      (when (and title (not (string-empty-p title)))
        ;; `eglot-code-actions' asks which action to run; answer with the fix's title.
        (cl-letf (((symbol-function 'completing-read)
                   (lambda (_prompt collection &rest _)
                     (or (cl-find title (mapcar (lambda (c) (if (consp c) (car c) c)) collection) :test #'equal)
                         (policylint-session-fail "no code action titled %s among %S" title collection)))))
          (let ((last-nonmenu-event 13))
            (eglot-code-actions beg end nil t)))
        (policylint-session-emit
         `((event . "fixed") (text . ,(buffer-substring-no-properties (point-min) (point-max)))))))))

(set-buffer-modified-p nil)
(eglot-shutdown (eglot-current-server))
(kill-emacs 0)

;;; eglot-session.el ends here
