-- policylint for nvim-lspconfig (versions before the Neovim 0.11 `lsp/` files): register the server once,
-- then set it up like any other: require('lspconfig').policylint.setup({}).
local configs = require('lspconfig.configs')
local util = require('lspconfig.util')
if not configs.policylint then
  configs.policylint = {
    default_config = {
      cmd = { 'policylint', 'serve', '--stdio' },
      filetypes = { 'text', 'markdown' },
      root_dir = util.root_pattern('.policylint.json', '.git'),
      single_file_support = true,
      settings = { policylint = {} },
    },
    docs = {
      description = 'policylint: checks Chinese policy drafts against a reference corpus (duplicates, figures, slogans).',
    },
  }
end
