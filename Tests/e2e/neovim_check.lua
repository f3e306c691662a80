-- Headless Neovim check of the shipped configuration. Run by test_neovim.py:
--   nvim --headless -u NONE -l neovim_check.lua MODE DRAFT RUNTIME_DIR
-- MODE: "utf-8" (Neovim's own preference), "utf-16" (client offers only utf-16), or "legacy" (0.8-0.10 form).
-- Writes one JSON object to stdout: encoding, diagnostics (byte columns), hover text, text after a quick fix.
local mode, draft, runtime = _G.arg[1], _G.arg[2], _G.arg[3]
local out = {}

local function finish()
  io.stdout:write(vim.json.encode(out) .. '\n')
  vim.cmd('qall!')
end

if mode == 'legacy' then
  dofile(runtime .. '/policylint-0.10.lua')
else
  vim.opt.runtimepath:prepend(runtime)
  if mode == 'utf-16' then
    vim.lsp.config('policylint', { capabilities = { general = { positionEncodings = { 'utf-16' } } } })
  end
  vim.lsp.enable('policylint')
end

vim.cmd.edit(draft)
vim.bo.filetype = 'markdown' -- -u NONE turns filetype detection off

local ok = vim.wait(20000, function() return #vim.diagnostic.get(0) > 0 end, 50)
local client = vim.lsp.get_clients({ bufnr = 0, name = 'policylint' })[1]
out.attached = client ~= nil
out.encoding = client and client.offset_encoding or nil
if not ok then
  out.error = 'no diagnostics within 20 s'
  return finish()
end
out.diagnostics = {}
for _, d in ipairs(vim.diagnostic.get(0)) do
  table.insert(out.diagnostics, { lnum = d.lnum, col = d.col, end_lnum = d.end_lnum, end_col = d.end_col, code = d.code })
end
table.sort(out.diagnostics, function(a, b) return a.lnum < b.lnum or (a.lnum == b.lnum and a.col < b.col) end)

local first = out.diagnostics[1]
vim.api.nvim_win_set_cursor(0, { first.lnum + 1, first.col })
local hover = vim.lsp.buf_request_sync(0, 'textDocument/hover',
  vim.lsp.util.make_position_params(0, client.offset_encoding), 10000)
for _, r in pairs(hover or {}) do
  if r.result and r.result.contents then out.hover = r.result.contents.value end
end

vim.lsp.buf.code_action({
  apply = true,
  filter = function(action) return action.title:find('policylint-disable-next-line', 1, true) ~= nil end,
})
vim.wait(10000, function()
  return table.concat(vim.api.nvim_buf_get_lines(0, 0, -1, false), '\n'):find('policylint-disable-next-line') ~= nil
end, 50)
out.fixed = table.concat(vim.api.nvim_buf_get_lines(0, 0, -1, false), '\n')
finish()
