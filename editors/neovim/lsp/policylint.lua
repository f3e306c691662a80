-- policylint for Neovim 0.11+: put this file in a `lsp/` directory on your runtimepath
-- (e.g. ~/.config/nvim/lsp/policylint.lua) and add `vim.lsp.enable('policylint')` to your init.lua.
-- Override any field with vim.lsp.config('policylint', { ... }), e.g. settings or cmd.
---@type vim.lsp.Config
return {
  cmd = { 'policylint', 'serve', '--stdio' },
  filetypes = { 'text', 'markdown' },
  root_markers = { '.policylint.json', '.git' },
  -- Same keys as .policylint.json (see protocol/settings.schema.json); empty means "use .policylint.json".
  -- Example:
  --   settings = { policylint = { corpus = '~/policy-corpus', rules = { ['duplicate/doubled'] = 'error' } } },
  settings = { policylint = {} },
}
