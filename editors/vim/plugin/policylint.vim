" policylint for vim-lsp (prabirshrestha/vim-lsp): registers the server when vim-lsp starts.
" Without vim-lsp this file does nothing. The ALE linters live in ../ale_linters/.
if exists('g:loaded_policylint')
  finish
endif
let g:loaded_policylint = 1

augroup policylint_vim_lsp
  autocmd!
  autocmd User lsp_setup call lsp#register_server({
  \   'name': 'policylint',
  \   'cmd': {server_info -> policylint#Command()},
  \   'allowlist': ['text', 'markdown'],
  \   'languageId': {server_info -> &filetype ==# 'markdown' ? 'markdown' : 'plaintext'},
  \   'root_uri': {server_info -> lsp#utils#path_to_uri(policylint#ProjectRoot(bufnr('%')))},
  \   'initialization_options': policylint#Settings(),
  \   'workspace_config': {server_info -> {'policylint': policylint#Settings()}},
  \ })
augroup END
