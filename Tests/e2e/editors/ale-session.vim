" Drives ALE (Debian's vim-ale) against policylint in a headless Vim, with the shipped editors/vim runtime
" directory, and writes JSON lines to $POLICYLINT_OUT for the Swift test:
"   {"event":"diagnostics","filetype":"text","items":[{"lnum":L,"col":C,"end_col":C,"code":"…","text":"…"}…]}
" Environment: POLICYLINT_VIM_RUNTIME (editors/vim), POLICYLINT_DRAFT, POLICYLINT_OUT, POLICYLINT_TIMEOUT.
" Run as: vim -N -u NONE -i NONE -n -es -S ale-session.vim

let s:out = $POLICYLINT_OUT
let s:timeout = str2float(empty($POLICYLINT_TIMEOUT) ? '60' : $POLICYLINT_TIMEOUT)

function! s:Emit(object) abort
  call writefile([json_encode(a:object)], s:out, 'a')
endfunction

try
  execute 'set runtimepath^=' . fnameescape($POLICYLINT_VIM_RUNTIME)
  packadd ale
  filetype plugin on
  " Only the shipped linter, and no UI work a terminal-less Vim cannot do.
  let g:ale_linters = {'text': ['policylint'], 'markdown': ['policylint']}
  let g:ale_echo_cursor = 0
  let g:ale_set_signs = 0
  let g:ale_set_highlights = 0
  let g:ale_virtualtext_cursor = 0

  execute 'edit' fnameescape($POLICYLINT_DRAFT)
  ALELint
  let s:start = reltime()
  while empty(ale#engine#GetLoclist(bufnr(''))) && reltimefloat(reltime(s:start)) < s:timeout
    sleep 100m
  endwhile
  let s:items = []
  for s:item in ale#engine#GetLoclist(bufnr(''))
    call add(s:items, {'lnum': s:item.lnum, 'col': s:item.col, 'end_col': get(s:item, 'end_col', 0),
    \ 'code': get(s:item, 'code', ''), 'text': s:item.text, 'linter': get(s:item, 'linter_name', '')})
  endfor
  call s:Emit({'event': 'diagnostics', 'filetype': &filetype, 'items': s:items})
catch
  call s:Emit({'event': 'error', 'text': v:exception . ' at ' . v:throwpoint})
endtry
qall!
