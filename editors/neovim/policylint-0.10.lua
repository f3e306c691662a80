-- policylint for Neovim 0.8 to 0.10: source this file from init.lua (or paste it there).
-- It starts (or reuses) one policylint server per project root when a text or Markdown buffer opens.
local group = vim.api.nvim_create_augroup('policylint', { clear = true })
vim.api.nvim_create_autocmd('FileType', {
  group = group,
  pattern = { 'text', 'markdown' },
  callback = function(event)
    local file = vim.api.nvim_buf_get_name(event.buf)
    local found = vim.fs.find({ '.policylint.json', '.git' }, { path = vim.fs.dirname(file), upward = true })[1]
    vim.lsp.start({
      name = 'policylint',
      cmd = { 'policylint', 'serve', '--stdio' },
      root_dir = found and vim.fs.dirname(found) or vim.fs.dirname(file),
      -- Same keys as .policylint.json; see protocol/settings.schema.json.
      settings = { policylint = {} },
    }, { bufnr = event.buf })
  end,
})
