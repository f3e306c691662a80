" policylint for ALE, Markdown drafts.
call ale#linter#Define('markdown', {
\   'name': 'policylint',
\   'lsp': 'stdio',
\   'executable': {b -> policylint#Command()[0]},
\   'command': {b -> join(map(policylint#Command(), 'ale#Escape(v:val)'), ' ')},
\   'language': 'markdown',
\   'project_root': function('policylint#ProjectRoot'),
\   'lsp_config': {b -> {'policylint': policylint#Settings(b)}},
\})
