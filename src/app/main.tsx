import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import './zod-config.ts';
import { App } from './App.tsx';
import '../ui/styles.css';

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
