// React runs StrictMode's double effects only in its development build, so the app is
// built with that one: the test then meets what a developer's StrictMode does.
export default {
  mode: "development",
  define: { "process.env.NODE_ENV": JSON.stringify("development") },
  build: { minify: false },
};
