// Bootstrap's own PostCSS step (build/postcss.config.mjs in its repository), without the RTL build.
module.exports = { map: false, plugins: { autoprefixer: { cascade: false } } };
