import "./view/styles.css";
import { App } from "./view/app";

const root = document.getElementById("app");
if (root) void new App(root).start();
