import { mount } from 'svelte';
import App from './App.svelte';
import { installWebBridgeIfNeeded } from './platform/web-bridge';
import './styles/app.css';

installWebBridgeIfNeeded();

const target = document.getElementById('app');
if (!target) throw new Error('index.html lacks #app');
export default mount(App, { target });
