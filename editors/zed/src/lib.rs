//! policylint for Zed: finds the `policylint` executable and runs `policylint serve --stdio`.
//! Settings come from Zed's `lsp.policylint` block (see README.md) and are passed through unchanged.

use zed_extension_api::{self as zed, serde_json, settings::LspSettings, LanguageServerId, Result};

/// The arguments that make `policylint` speak LSP over stdin/stdout.
const SERVER_ARGS: [&str; 2] = ["serve", "--stdio"];

struct PolicylintExtension;

impl zed::Extension for PolicylintExtension {
    fn new() -> Self {
        PolicylintExtension
    }

    fn language_server_command(
        &mut self,
        language_server_id: &LanguageServerId,
        worktree: &zed::Worktree,
    ) -> Result<zed::Command> {
        // `lsp.policylint.binary.path` wins; otherwise look policylint up on the worktree's PATH.
        let binary = LspSettings::for_worktree(language_server_id.as_ref(), worktree)
            .ok()
            .and_then(|settings| settings.binary);
        let configured = binary.as_ref().and_then(|b| b.path.clone());
        let command = match configured.or_else(|| worktree.which("policylint")) {
            Some(path) => path,
            None => {
                return Err("policylint is not on PATH: install it (`swift build -c release`, then copy \
                            .build/release/policylint to a PATH directory) or set lsp.policylint.binary.path"
                    .to_string())
            }
        };
        let args = binary
            .and_then(|b| b.arguments)
            .unwrap_or_else(|| SERVER_ARGS.iter().map(|s| s.to_string()).collect());
        Ok(zed::Command { command, args, env: worktree.shell_env() })
    }

    fn language_server_initialization_options(
        &mut self,
        language_server_id: &LanguageServerId,
        worktree: &zed::Worktree,
    ) -> Result<Option<serde_json::Value>> {
        Ok(LspSettings::for_worktree(language_server_id.as_ref(), worktree)
            .ok()
            .and_then(|settings| settings.initialization_options))
    }

    fn language_server_workspace_configuration(
        &mut self,
        language_server_id: &LanguageServerId,
        worktree: &zed::Worktree,
    ) -> Result<Option<serde_json::Value>> {
        // The server asks for section `policylint`: answer `{"policylint": <lsp.policylint.settings>}`.
        let settings = LspSettings::for_worktree(language_server_id.as_ref(), worktree)
            .ok()
            .and_then(|settings| settings.settings);
        Ok(settings.map(|s| serde_json::json!({ "policylint": s })))
    }
}

zed::register_extension!(PolicylintExtension);
