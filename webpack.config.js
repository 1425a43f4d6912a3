/* eslint-disable no-undef */
/**
 * Build of the Excel add-in, after the Office-Addin-TaskPane-React template:
 *   npm run build       production bundle in dist/ (manifest URLs swapped for ADDIN_URL)
 *   npm run build:dev   development bundle
 *   npm run dev-server  https://localhost:3000 with office-addin-dev-certs
 * Only the dev server needs certificates; `build` and the tests never touch them.
 * Office.js is not bundled: the HTML pages load it from the Office CDN.
 */
const path = require("path");
const CopyWebpackPlugin = require("copy-webpack-plugin");
const HtmlWebpackPlugin = require("html-webpack-plugin");

const urlDev = "https://localhost:3000/";
/** Where the add-in is hosted in production; the placeholder makes a forgotten ADDIN_URL obvious. */
const urlProd = withSlash(process.env.ADDIN_URL || "https://www.contoso.com/star-rating/");

function withSlash(url) {
  return url.endsWith("/") ? url : url + "/";
}

async function httpsOptions() {
  // Loaded lazily: the production build must run on a machine without dev certificates.
  const devCerts = require("office-addin-dev-certs");
  const options = await devCerts.getHttpsServerOptions();
  return { ca: options.ca, key: options.key, cert: options.cert };
}

module.exports = async (env, options) => {
  const dev = options.mode === "development";
  const serving = Boolean(env && env.WEBPACK_SERVE);
  return {
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
        {
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
        },
        {
          test: /\.(png|jpg|jpeg|gif|ico)$/,
          type: "asset/resource",
          generator: { filename: "assets/[name][ext]" },
        },
      ],
    },
    // Shared code is split by what each page needs: the function file must not carry Fluent UI.
    optimization: { splitChunks: { chunks: "all" } },
    performance: { hints: false },
    plugins: [
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
      new CopyWebpackPlugin({
        patterns: [
          { from: "assets/*.png", to: "assets/[name][ext]" },
          {
            from: "manifest*.xml",
            to: "[name][ext]",
            transform(content) {
              return dev ? content : content.toString().split(urlDev).join(urlProd);
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
};
