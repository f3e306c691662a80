" policylint for ALE, plain-text drafts (filetype text, sent as language id plaintext).
call ale#linter#Define('text', {
\   'name': 'policylint',
\   'lsp': 'stdio',
\   'executable': {b -> policylint#Command()[0]},
\   'command': {b -> join(map(policylint#Command(), 'ale#Escape(v:val)'), ' ')},
\   'language': 'plaintext',
\   'project_root': function('policylint#ProjectRoot'),
\   'lsp_config': {b -> {'policylint': policylint#Settings(b)}},
\})
