" policylint helpers shared by the ALE linters and the vim-lsp registration.

" The command line of the policylint language server; set g:policylint_command to change it.
function! policylint#Command() abort
  return get(g:, 'policylint_command', ['policylint', 'serve', '--stdio'])
endfunction

" The project root of a buffer: the nearest directory with .policylint.json, else .git, else the file's own.
function! policylint#ProjectRoot(buffer) abort
  let l:dir = fnamemodify(bufname(a:buffer), ':p:h')
  for l:marker in ['.policylint.json', '.git']
    let l:found = findfile(l:marker, l:dir . ';')
    if empty(l:found)
      let l:found = finddir(l:marker, l:dir . ';')
    endif
    if !empty(l:found)
      return fnamemodify(l:found, ':p:h' . (isdirectory(l:found) ? ':h' : ''))
    endif
  endfor
  return l:dir
endfunction

" The settings sent to the server: g:policylint_settings, the keys of .policylint.json.
function! policylint#Settings(...) abort
  return get(g:, 'policylint_settings', {})
endfunction
