// The strict-CSP test app: configure, login, fetch, logout, with no inline script, no
// eval and no DOM sink that Trusted Types guards (output goes through textContent).
// It runs as a classic script after dist/authgear.js, or imported by esm.mjs after the
// ESM build set window.authgear. cspConfig comes from /config.js.
(() => {
  const out = (text) => {
    document.getElementById("output").textContent = text;
  };
  const fail = (e) => out("error " + (e && e.name) + " " + (e && e.code) + " " + (e && e.message));
  const redirectURI = location.origin + location.pathname;
  const start = async () => {
    await window.authgear.configure({ clientID: window.cspConfig.clientID, endpoint: window.cspConfig.endpoint });
    const query = new URLSearchParams(location.search);
    if (query.has("code") || query.has("error")) {
      const { userInfo } = await window.authgear.finishAuthentication();
      out("signed in " + userInfo.sub);
    }
    document.body.dataset.ready = window.authgear.sessionState;
  };
  document.getElementById("login").addEventListener("click", () => {
    window.authgear.startAuthentication({ redirectURI }).catch(fail);
  });
  document.getElementById("api").addEventListener("click", async () => {
    try {
      const response = await window.authgear.fetch("/api/me");
      out("api " + response.status + " " + (await response.text()));
    } catch (e) {
      fail(e);
    }
  });
  document.getElementById("logout").addEventListener("click", () => {
    window.authgear.logout({ redirectURI }).catch(fail);
  });
  start().catch(fail);
})();
