/* eslint-disable no-undef */
/**
 * Build of the Excel add-in, after the Office-Addin-TaskPane-React template:
 *   npm run build       production bundle in dist/; dist/manifest.xml points at ADDIN_URL (an https
 *                       URL on a real host), else at https://localhost:3000/, and the build says which
 *   npm run build:dev   development bundle
 *   npm run dev-server  https://localhost:3000 with office-addin-dev-certs
 * Only the dev server needs certificates; `build` and the tests never touch them.
 * Office.js is not bundled: the HTML pages load it from the Office CDN.
 */
const fs = require("fs");
const path = require("path");
const webpack = require("webpack");
const CopyWebpackPlugin = require("copy-webpack-plugin");
const HtmlWebpackPlugin = require("html-webpack-plugin");
const { addinUrl, pointManifestAt, helpPage } = require("./scripts/addin-pages.cjs");

async function httpsOptions() {
  // Loaded lazily: the production build must run on a machine without dev certificates.
  const devCerts = require("office-addin-dev-certs");
  const options = await devCerts.getHttpsServerOptions();
  return { ca: options.ca, key: options.key, cert: options.cert };
}

/** Where the page's worker bundle is built before the pages (it is inlined into them: docs/page.md). */
const WORKER_DIR = path.resolve(__dirname, "build", "page-worker");
const WORKER_FILE = path.join(WORKER_DIR, "worker.js");

const tsRule = (dev) => ({
  test: /\.tsx?$/,
  exclude: /node_modules/,
  use: {
    loader: "ts-loader",
    options: {
      // Type checking is `npm run typecheck`'s job; keep ES modules so Fluent UI tree-shakes.
      transpileOnly: true,
      compilerOptions: { noEmit: false, module: "esnext", target: "es2020", sourceMap: dev },
    },
  },
});

/**
 * JavaScript is minified by esbuild, not webpack's default terser: on a 2-core machine terser took
 * ~110 s of the build's ~125 s (ExcelJS's and JSZip's dist files, already minified, went through
 * two compress passes again, in the worker bundle and in the pages); esbuild takes seconds. Legal
 * comments stay inline. The bundles come out a few percent larger (README, "Benchmarks").
 */
function minimizers() {
  const MinimizerPlugin = require("minimizer-webpack-plugin");
  return [new MinimizerPlugin({ minify: MinimizerPlugin.esbuildMinify, minimizerOptions: { target: "es2020" } })];
}

/**
 * The worker of the page that scores files outside Excel: one classic script with no chunks to
 * load, because the page starts it from a blob: URL (a worker loaded by URL is refused on file://).
 */
function workerConfig(dev) {
  return {
    name: "page-worker",
    mode: dev ? "development" : "production",
    devtool: false,
    target: ["webworker", "es2020"],
    entry: { worker: "./src/page/worker.ts" },
    output: { path: WORKER_DIR, filename: "worker.js", clean: true },
    resolve: { extensions: [".ts", ".tsx", ".js"] },
    module: { rules: [tsRule(dev)] },
    optimization: { minimizer: minimizers() },
    plugins: [new webpack.optimize.LimitChunkCountPlugin({ maxChunks: 1 })],
    performance: { hints: false },
  };
}

module.exports = async (env, options) => [workerConfig(options.mode === "development"), await pageConfig(env, options)];

async function pageConfig(env, options) {
  const dev = options.mode === "development";
  const serving = Boolean(env && env.WEBPACK_SERVE);
  // Never a silent placeholder: say where dist/manifest.xml points (ADDIN_URL is checked there).
  const target = addinUrl(process.env, dev);
  console.log(target.line);
  return {
    name: "pages",
    dependencies: ["page-worker"],
    mode: dev ? "development" : "production",
    devtool: dev ? "source-map" : false,
    target: ["web", "es2020"],
    entry: {
      taskpane: "./src/taskpane/index.tsx",
      commands: "./src/commands/commands.ts",
      dialog: "./src/commands/dialog.ts",
    },
    output: {
      path: path.resolve(__dirname, "dist"),
      filename: "[name].[contenthash:8].js",
      clean: true,
    },
    resolve: { extensions: [".ts", ".tsx", ".js"] },
    module: {
      rules: [
        tsRule(dev),
        {
          test: /\.(png|jpg|jpeg|gif|ico)$/,
          type: "asset/resource",
          generator: { filename: "assets/[name][ext]" },
        },
      ],
    },
    // Shared code is split by what each page needs: the function file must not carry Fluent UI.
    optimization: { splitChunks: { chunks: "all" }, minimizer: minimizers() },
    performance: { hints: false },
    plugins: [
      // The worker bundle's text, built first (dependencies above), for the page to start from a blob: URL.
      new webpack.DefinePlugin({
        __PAGE_WORKER_SOURCE__: webpack.DefinePlugin.runtimeValue(
          () => JSON.stringify(fs.readFileSync(WORKER_FILE, "utf8")),
          { fileDependencies: [WORKER_FILE] },
        ),
      }),
      // The page that needs no install: the pane's page without Office.js, so it makes no request
      // beyond its own files (opened from disk or a static host).
      new HtmlWebpackPlugin({
        filename: "index.html",
        template: "./src/taskpane/page.html",
        chunks: ["taskpane"],
      }),
      new HtmlWebpackPlugin({
        filename: "taskpane.html",
        template: "./src/taskpane/taskpane.html",
        chunks: ["taskpane"],
      }),
      new HtmlWebpackPlugin({
        filename: "commands.html",
        template: "./src/commands/commands.html",
        chunks: ["commands"],
      }),
      new HtmlWebpackPlugin({
        filename: "dialog.html",
        template: "./src/commands/dialog.html",
        chunks: ["dialog"],
      }),
      // The manifest's SupportUrl: the README's help section as a page of its own (no script).
      new HtmlWebpackPlugin({
        filename: "help.html",
        templateContent: () => helpPage(fs.readFileSync(path.resolve(__dirname, "README.md"), "utf8")),
        inject: false,
        minify: false,
      }),
      new CopyWebpackPlugin({
        patterns: [
          { from: "assets/*.png", to: "assets/[name][ext]" },
          // Plain ES5, run before the bundles: the message for webviews too old to run them.
          { from: "src/compat/compat.js", to: "compat.js" },
          { from: "src/compat/*.html", to: "[name][ext]" },
          {
            from: "manifest*.xml",
            to: "[name][ext]",
            transform(content) {
              return pointManifestAt(content.toString(), target.url);
            },
          },
        ],
      }),
    ],
    devServer: serving
      ? {
          hot: true,
          headers: { "Access-Control-Allow-Origin": "*" },
          server: { type: "https", options: await httpsOptions() },
          port: Number(process.env.npm_package_config_dev_server_port || 3000),
        }
      : undefined,
  };
}
